package dev.dspj.sim;

/**
 * A parsed Chat Completions request.
 *
 * @param request the request to the model
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk ({@code stream_options.include_usage})
 */
record OpenAiCall(SimRequest request, boolean stream, boolean includeUsage) {}
