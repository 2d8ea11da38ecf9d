package io.github.s3drreplicator.audit;

import java.util.function.Supplier;

/** Made once, when first asked for, by whichever thread asks first: a command's routes, its SQS client. */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> make;
    private volatile T made;

    Lazy(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T answer = made;
        if (answer == null) {
            synchronized (this) {
                answer = made;
                if (answer == null) {
                    answer = make.get();
                    made = answer;
                }
            }
        }
        return answer;
    }

    /** What was made, or {@code null} where nothing asked for it yet. */
    T made() {
        return made;
    }

    /** Made elsewhere already. */
    synchronized void set(T value) {
        made = value;
    }
}
