package dev.fullchain.selftest.cluster;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough of Kubernetes' protobuf encoding ("k8s\0" envelope, runtime.Unknown) to turn a
 * Secret or ConfigMap into JSON. Helm's release storage (client-go's typed clients) writes
 * them as protobuf, which fabric8's mock store cannot read; the mock rewrites them to JSON
 * with this. Fields kept: metadata name, generateName, namespace, resourceVersion, labels,
 * annotations; data; a Secret's type.
 */
final class K8sProto {

    private final byte[] b;
    private int pos;
    private final int end;

    private K8sProto(byte[] b, int from, int to) {
        this.b = b;
        this.pos = from;
        this.end = to;
    }

    static boolean isEnvelope(byte[] body) {
        return body.length >= 4 && body[0] == 'k' && body[1] == '8' && body[2] == 's' && body[3] == 0;
    }

    static String toJson(byte[] body) {
        if (!isEnvelope(body)) {
            throw new IllegalArgumentException("not a Kubernetes protobuf envelope");
        }
        Map<String, Object> obj = new LinkedHashMap<>();
        byte[][] raw = {new byte[0]};
        new K8sProto(body, 4, body.length).each((field, value, n) -> {
            if (field == 1) { // TypeMeta
                value.each((tf, tv, tn) -> obj.put(tf == 1 ? "apiVersion" : "kind", tv.str()));
            } else if (field == 2) {
                raw[0] = value.bytes();
            }
        });
        boolean secret = "Secret".equals(obj.get("kind"));
        Map<String, Object> meta = new LinkedHashMap<>();
        Map<String, String> data = new LinkedHashMap<>();
        new K8sProto(raw[0], 0, raw[0].length).each((field, value, n) -> {
            if (field == 1) {
                value.each((mf, mv, mn) -> meta(meta, mf, mv));
            } else if (field == 2) {
                Map.Entry<String, byte[]> e = value.entry();
                // ConfigMap.data is map<string,string>; Secret.data is map<string,bytes>, base64 in JSON.
                data.put(e.getKey(), secret ? Base64.getEncoder().encodeToString(e.getValue())
                        : new String(e.getValue(), StandardCharsets.UTF_8));
            } else if (field == 3 && secret) {
                obj.put("type", value.str());
            }
        });
        obj.put("metadata", meta);
        obj.put("data", data);
        return Serialization.asJson(obj);
    }

    @SuppressWarnings("unchecked")
    private static void meta(Map<String, Object> meta, int field, K8sProto value) {
        switch (field) {
            case 1 -> meta.put("name", value.str());
            case 2 -> meta.put("generateName", value.str());
            case 3 -> meta.put("namespace", value.str());
            case 6 -> meta.put("resourceVersion", value.str());
            case 11, 12 -> {
                Map<String, String> m = (Map<String, String>) meta.computeIfAbsent(field == 11 ? "labels" : "annotations",
                        k -> new LinkedHashMap<String, String>());
                Map.Entry<String, byte[]> e = value.entry();
                m.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
            }
            default -> {
            }
        }
    }

    private interface FieldFn {
        void on(int field, K8sProto lengthDelimited, long varint);
    }

    private void each(FieldFn f) {
        while (pos < end) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> f.on(field, null, varint());
                case 1 -> pos += 8;
                case 2 -> {
                    int len = (int) varint();
                    f.on(field, new K8sProto(b, pos, pos + len), 0);
                    pos += len;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("protobuf wire type " + wire + " at byte " + pos);
            }
        }
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = b[pos++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits at byte " + pos);
    }

    private byte[] bytes() {
        return Arrays.copyOfRange(b, pos, end);
    }

    private String str() {
        return new String(b, pos, end - pos, StandardCharsets.UTF_8);
    }

    private Map.Entry<String, byte[]> entry() {
        String[] key = {""};
        byte[][] value = {new byte[0]};
        each((field, v, n) -> {
            if (field == 1) {
                key[0] = v.str();
            } else if (field == 2) {
                value[0] = v.bytes();
            }
        });
        return Map.entry(key[0], value[0]);
    }
}
