package dev.dspj.sim;

/**
 * A parsed Anthropic Messages request.
 *
 * @param request the request to the model
 * @param stream whether to answer with server-sent events
 */
record AnthropicCall(SimRequest request, boolean stream) {}
