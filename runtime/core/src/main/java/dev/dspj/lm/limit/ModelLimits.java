package dev.dspj.lm.limit;

/**
 * Limits on the calls to one model: requests in flight, requests per minute and tokens per
 * minute. Zero means unlimited. Immutable.
 *
 * @param maxConcurrentRequests requests in flight at once
 * @param requestsPerMinute requests started per minute
 * @param tokensPerMinute prompt plus completion tokens per minute
 */
public record ModelLimits(int maxConcurrentRequests, int requestsPerMinute, long tokensPerMinute) {

    /** No limit at all. */
    public static final ModelLimits UNLIMITED = new ModelLimits(0, 0, 0);

    /** Requests in flight by default: enough for evaluation, gentle on a provider. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;

    /** The defaults: {@value #DEFAULT_MAX_CONCURRENT_REQUESTS} requests in flight, no rate limit. */
    public static final ModelLimits DEFAULT = new ModelLimits(DEFAULT_MAX_CONCURRENT_REQUESTS, 0, 0);

    /**
     * Validates the limits.
     *
     * @param maxConcurrentRequests requests in flight at once, 0 for unlimited
     * @param requestsPerMinute requests per minute, 0 for unlimited
     * @param tokensPerMinute tokens per minute, 0 for unlimited
     */
    public ModelLimits {
        if (maxConcurrentRequests < 0 || requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("model limits must not be negative: maxConcurrentRequests="
                    + maxConcurrentRequests + ", requestsPerMinute=" + requestsPerMinute + ", tokensPerMinute="
                    + tokensPerMinute);
        }
    }

    /**
     * Returns a copy with a concurrency limit.
     *
     * @param value requests in flight, 0 for unlimited
     * @return the copy
     */
    public ModelLimits withMaxConcurrentRequests(int value) {
        return new ModelLimits(value, requestsPerMinute, tokensPerMinute);
    }

    /**
     * Returns a copy with a request rate limit.
     *
     * @param value requests per minute, 0 for unlimited
     * @return the copy
     */
    public ModelLimits withRequestsPerMinute(int value) {
        return new ModelLimits(maxConcurrentRequests, value, tokensPerMinute);
    }

    /**
     * Returns a copy with a token rate limit.
     *
     * @param value tokens per minute, 0 for unlimited
     * @return the copy
     */
    public ModelLimits withTokensPerMinute(long value) {
        return new ModelLimits(maxConcurrentRequests, requestsPerMinute, value);
    }
}
