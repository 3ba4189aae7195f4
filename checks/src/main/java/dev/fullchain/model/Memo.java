package dev.fullchain.model;

import java.util.function.Supplier;

/** A value computed once on first use; a failure is remembered and thrown again, so every check sees the same problem. */
public final class Memo<T> {

    private final Supplier<T> supplier;
    private volatile boolean done;
    private T value;
    private RuntimeException failure;

    public Memo(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    public synchronized T get() {
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
