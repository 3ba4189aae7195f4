package dev.fullchain.model.helm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The few framing rules both ends of {@link HelmWorker} share: strings as a length and UTF-8 bytes (DataOutput's writeUTF stops at 64 KiB). */
final class HelmWire {

    static final String TEMPLATE = "template";
    static final String LINT = "lint";

    /** The first byte of an answer. */
    static final byte OK = 0;
    static final byte HELM_ERROR = 1;
    static final byte OUTPUT_LIMIT = 2;
    static final byte FAULT = 3;

    private HelmWire() {
    }

    static void write(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("bad frame length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
