package dev.dspj.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The most recent requests a server received, bounded so long benchmarks do not fill the heap; and a count of all. */
final class RequestLog {

    private final int capacity;
    private final Deque<ReceivedRequest> recent = new ArrayDeque<>();
    private final AtomicLong count = new AtomicLong();

    RequestLog(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("requestLogCapacity must not be negative, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records a request and returns its number, from 1. */
    long add(ReceivedRequest request) {
        long number = count.incrementAndGet();
        if (capacity > 0) {
            synchronized (recent) {
                recent.addLast(request);
                while (recent.size() > capacity) {
                    recent.removeFirst();
                }
            }
        }
        return number;
    }

    long count() {
        return count.get();
    }

    List<ReceivedRequest> recent() {
        synchronized (recent) {
            return List.copyOf(new ArrayList<>(recent));
        }
    }

    void clear() {
        synchronized (recent) {
            recent.clear();
        }
        count.set(0);
    }
}
