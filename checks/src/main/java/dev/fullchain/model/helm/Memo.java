package dev.fullchain.model.helm;

import java.util.function.Supplier;

/** A value computed once on first use; a failure is remembered and thrown again, so every check sees the same problem. */
final class Memo<T> {

    private final Supplier<T> supplier;
    private boolean done;
    private T value;
    private RuntimeException failure;

    Memo(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    synchronized T get() {
        if (!done) {
            try {
                value = supplier.get();
            } catch (RuntimeException e) {
                failure = e;
            }
            done = true;
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
