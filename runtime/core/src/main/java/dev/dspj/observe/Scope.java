package dev.dspj.observe;

/** A context made current on this thread until {@link #close()} restores the one before it. */
@FunctionalInterface
public interface Scope extends AutoCloseable {

    /** A scope that changed nothing. */
    Scope NONE = () -> {};

    /** Restores the context that was current before. Never throws. */
    @Override
    void close();
}
