package dev.fullchain.secrets;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The console's boundary: whatever fullchain (or a library it calls) prints goes out a line
 * at a time, masked by {@link Secrets#mask}. Whole lines, so that a secret printed in pieces
 * is still masked whole.
 */
public final class MaskingPrintStream extends PrintStream {

    /** Wraps System.out and System.err once per JVM. */
    public static synchronized void install() {
        if (!(System.out instanceof MaskingPrintStream)) {
            System.setOut(new MaskingPrintStream(System.out));
        }
        if (!(System.err instanceof MaskingPrintStream)) {
            System.setErr(new MaskingPrintStream(System.err));
        }
    }

    private MaskingPrintStream(PrintStream out) {
        super(new LineMasker(out), true, StandardCharsets.UTF_8);
    }

    /** Holds the current line until its end (or a flush), then writes it masked. */
    private static final class LineMasker extends OutputStream {
        private static final int MAX_LINE = 64 * 1024;
        private final PrintStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineMasker(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n' || line.size() >= MAX_LINE) {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            emit();
            out.flush();
        }

        private void emit() {
            if (line.size() > 0) {
                byte[] masked = Secrets.mask(line.toByteArray());
                out.write(masked, 0, masked.length);
                line.reset();
            }
        }
    }
}
