package dev.fullchain.selftest.cluster;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The API server's side of a pod port-forward (the v4.channel.k8s.io WebSocket protocol):
 * each channel first says its port (data 0, error 1), then the data channel carries the
 * TCP stream, each frame prefixed by its channel byte. Here the stream is HTTP/1.1: each
 * request read from it is answered by {@code pod}, as the container would answer.
 */
final class FakePortForward extends WebSocketListener {

    private final int port;
    private final Function<RecordedRequest, MockResponse> pod;
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();

    FakePortForward(int port, Function<RecordedRequest, MockResponse> pod) {
        this.port = port;
        this.pod = pod;
    }

    @Override
    public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
        ws.send(new byte[] {0, (byte) (port & 0xff), (byte) (port >> 8)});
        ws.send(new byte[] {1, (byte) (port & 0xff), (byte) (port >> 8)});
    }

    @Override
    public void onMessage(WebSocket ws, ByteString bytes) {
        onMessage(ws, bytes.toByteArray());
    }

    @Override
    public synchronized void onMessage(WebSocket ws, byte[] frame) {
        if (frame.length < 1 || frame[0] != 0) {
            return;
        }
        in.write(frame, 1, frame.length - 1);
        String text = in.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] start = lines[0].split(" ");
        Headers.Builder headers = Headers.builder();
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).strip();
                String value = lines[i].substring(colon + 1).strip();
                headers.add(name, value);
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                }
            }
        }
        if (text.length() < end + 4 + length) {
            return;
        }
        byte[] body = text.substring(end + 4, end + 4 + length).getBytes(StandardCharsets.ISO_8859_1);
        String rest = text.substring(end + 4 + length);
        in.reset();
        in.writeBytes(rest.getBytes(StandardCharsets.ISO_8859_1));
        MockResponse r = pod.apply(new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(start[0]), start[1], headers.build(), new Buffer(body)));
        byte[] answer = r.getBody() == null ? new byte[0] : r.getBody().readUtf8().getBytes(StandardCharsets.UTF_8);
        String contentType = r.header("Content-Type") == null ? "application/json" : r.header("Content-Type");
        byte[] head = ("HTTP/1.1 " + r.code() + " " + (r.code() < 400 ? "OK" : "Error") + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + answer.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[1 + head.length + answer.length];
        System.arraycopy(head, 0, out, 1, head.length);
        System.arraycopy(answer, 0, out, 1 + head.length, answer.length);
        ws.send(out);
    }
}
