package dev.dspj.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap and the live threads while a benchmark round runs: a daemon thread polls
 * {@link MemoryMXBean#getHeapMemoryUsage()} every {@value #SAMPLE_MILLIS} ms and the live threads
 * every {@value #THREAD_SAMPLE_MILLIS} ms, and a listener on the collectors' notifications reads the
 * heap just before and just after every collection (so a peak between two polls is not missed).
 *
 * <ul>
 *   <li><b>peak used heap</b>: the most heap in use at any poll or just before any collection. With
 *       G1 this is mostly how full the collector lets the young generation get before it collects,
 *       so it is bounded by {@code -Xmx} and says little about what the program keeps;</li>
 *   <li><b>peak live heap</b>: the most heap still in use just after a collection, the better
 *       measure of what the run retains.</li>
 * </ul>
 */
final class RunMonitor implements AutoCloseable {

    /** The name of the monitor's sampling thread, so breakdowns can name it. */
    static final String THREAD_NAME = "bench-monitor";

    static final long SAMPLE_MILLIS = 5;
    static final long THREAD_SAMPLE_MILLIS = 50;
    static final double MIB = 1024.0 * 1024.0;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Set<String> heapPools = new HashSet<>();
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong peakLiveHeap = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();
    private final AtomicLong pauseMillis = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onCollection;
    private final Function<String, String> threadKind;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile Map<String, Integer> threadsAtPeak = Map.of();
    private volatile int sampledPeakThreads;
    private int peakThreads;
    private final Map<Long, Long> cpuAtStart;
    private final long processCpuAtStart;
    private Map<String, Long> cpuByKind = Map.of();
    private long processCpuNanos;

    /**
     * Starts watching.
     *
     * @param threadKind names the kind of a thread from its name, for the breakdown at the peak
     */
    RunMonitor(Function<String, String> threadKind) {
        this.threadKind = threadKind;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        threads.resetPeakThreadCount();
        processCpuAtStart = processCpuTime();
        cpuAtStart = threadCpuTimes();
        sampler = new Thread(this::sample, THREAD_NAME);
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        long nextThreadSample = 0;
        while (running) {
            peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            long now = System.nanoTime();
            if (now >= nextThreadSample) {
                sampleThreads();
                nextThreadSample = now + THREAD_SAMPLE_MILLIS * 1_000_000L;
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleThreads() {
        ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds(), 0);
        int live = 0;
        Map<String, Integer> kinds = new TreeMap<>();
        for (ThreadInfo info : infos) {
            if (info != null) {
                live++;
                kinds.merge(threadKind.apply(info.getThreadName()), 1, Integer::sum);
            }
        }
        if (live > sampledPeakThreads) {
            sampledPeakThreads = live;
            threadsAtPeak = kinds;
        }
    }

    private void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        peakHeap.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        peakLiveHeap.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
        collections.incrementAndGet();
        pauseMillis.addAndGet(info.getGcInfo().getDuration());
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /** Stops polling and reads the final values; idempotent. */
    void stop() {
        if (!running) {
            return;
        }
        running = false;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampleThreads();
        cpuByKind = cpuSinceStart();
        processCpuNanos = processCpuTime() - processCpuAtStart;
        peakThreads = threads.getPeakThreadCount();
        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    private Map<Long, Long> threadCpuTimes() {
        Map<Long, Long> times = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                times.put(id, cpu);
            }
        }
        return times;
    }

    /** CPU time of the live Java threads since the monitor started, by kind (threads that ended meanwhile are missed). */
    private Map<String, Long> cpuSinceStart() {
        Map<String, Long> byKind = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            long spent = cpu - cpuAtStart.getOrDefault(info.getThreadId(), 0L);
            byKind.merge(threadKind.apply(info.getThreadName()), Math.max(0, spent), Long::sum);
        }
        return byKind;
    }

    private static long processCpuTime() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** @return CPU time of the Java threads during the run, by kind, in ns (the JVM's GC and JIT threads are not Java threads) */
    Map<String, Long> cpuByKind() {
        return cpuByKind;
    }

    /** @return CPU time of the whole process during the run, in ns (GC and JIT included), negative when unknown */
    long processCpuNanos() {
        return processCpuNanos;
    }

    /** @return the most heap used at any poll or before any collection, in bytes */
    long peakHeapBytes() {
        return peakHeap.get();
    }

    /** @return the most heap used right after a collection, in bytes (0 if none ran) */
    long peakLiveHeapBytes() {
        return peakLiveHeap.get();
    }

    /** @return collections during the run */
    int collections() {
        return collections.get();
    }

    /** @return the collectors' reported durations added up, in ms (G1's young collections are pauses) */
    long collectionMillis() {
        return pauseMillis.get();
    }

    /** @return the JVM's peak live thread count during the run ({@link ThreadMXBean#getPeakThreadCount()}) */
    int peakThreads() {
        return peakThreads;
    }

    /** @return the live threads by kind at the sample with the most threads */
    Map<String, Integer> threadsAtPeak() {
        return threadsAtPeak;
    }

    @Override
    public void close() {
        stop();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already removed
            }
        }
    }

    /**
     * The heap in use after a full collection: what is reachable now.
     *
     * @return bytes
     */
    static long liveHeapAfterFullGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The 1-minute load average, as the OS reports it.
     *
     * @return the load average, negative when unknown
     */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * The median of some values.
     *
     * @param values at least one
     * @return the median
     */
    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
