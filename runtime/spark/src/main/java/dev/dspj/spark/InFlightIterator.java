package dev.dspj.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Maps an iterator through asynchronous calls with at most {@code limit} in flight, handing results
 * back as they complete (not in input order: a slow row holds no slot but its own). Every input gives
 * exactly one result: the call must complete normally (failures become results).
 *
 * @param <I> the input type
 * @param <O> the result type
 */
final class InFlightIterator<I, O> implements Iterator<O> {

    private final Iterator<I> input;
    private final int limit;
    private final Function<I, CompletableFuture<O>> call;
    private final LinkedBlockingQueue<O> done = new LinkedBlockingQueue<>();
    private int pending;
    private int peak;

    /**
     * Creates the iterator; no call starts before {@link #hasNext()} or {@link #next()}.
     *
     * @param input the inputs
     * @param limit calls in flight at most, at least 1
     * @param call starts one call; its future must complete normally
     */
    InFlightIterator(Iterator<I> input, int limit, Function<I, CompletableFuture<O>> call) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.input = input;
        this.limit = limit;
        this.call = call;
    }

    private void fill() {
        while (pending < limit && input.hasNext()) {
            I next = input.next();
            pending++;
            peak = Math.max(peak, pending);
            CompletableFuture<Void> unused = call.apply(next).thenAccept(done::add);
        }
    }

    @Override
    public boolean hasNext() {
        fill();
        return pending > 0;
    }

    @Override
    public O next() {
        fill();
        if (pending == 0) {
            throw new NoSuchElementException();
        }
        O result;
        try {
            result = done.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + pending + " calls were in flight (task killed?)", e);
        }
        pending--;
        return result;
    }

    /**
     * The most calls that were in flight at once.
     *
     * @return the peak
     */
    int peak() {
        return peak;
    }
}
