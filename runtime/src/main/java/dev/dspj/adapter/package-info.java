/**
 * Adapters turn a signature, demos and inputs into chat messages and parse answers back:
 * {@link dev.dspj.adapter.ChatAdapter} speaks DSPy's {@code [[ ## field ## ]]} format exactly.
 */
package dev.dspj.adapter;
