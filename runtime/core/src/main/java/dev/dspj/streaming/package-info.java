/**
 * A program's answer as it is written, DSPy's {@code streamify} with {@code StreamListener}s: {@link
 * dev.dspj.streaming.Streaming} runs a program and publishes, through {@link
 * java.util.concurrent.Flow}, the pieces of chosen output fields of chosen predictors as the model
 * generates them ({@link dev.dspj.streaming.StreamMessage.FieldChunk}), status messages as modules
 * and tools start and end ({@link dev.dspj.streaming.StreamMessage.Status}), and the final
 * prediction ({@link dev.dspj.streaming.StreamMessage.Final}). Works with the Chat, JSON and XML
 * adapters, through chain of thought and ReAct; a slow subscriber slows the model's stream down, and
 * cancelling the subscription cancels the model's HTTP call.
 */
@NullMarked
package dev.dspj.streaming;

import org.jspecify.annotations.NullMarked;
