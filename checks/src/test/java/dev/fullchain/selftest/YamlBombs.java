package dev.fullchain.selftest;

/** YAML that is small as written and huge once its aliases are expanded, for the bounds' tests. */
public final class YamlBombs {

    private YamlBombs() {
    }

    /** The "billion laughs": nine levels of nine aliases (9^9 leaves once expanded), under {@code key}. */
    public static String laughs(String key) {
        StringBuilder b = new StringBuilder("a0: &a0 [\"lol\"]\n");
        for (int i = 1; i <= 9; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                b.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        return b.append(key).append(": *a9\n").toString();
    }
}
