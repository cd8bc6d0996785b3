package dev.dspj.observe;

/** A registered callback; {@link #close()} removes it. Closing twice does nothing. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Removes the callback. */
    @Override
    void close();
}
