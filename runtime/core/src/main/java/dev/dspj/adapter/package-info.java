/**
 * Adapters turn a signature, demos and inputs into chat messages and parse answers back, each in
 * one of DSPy's exact wire formats: {@link dev.dspj.adapter.ChatAdapter} with
 * {@code [[ ## field ## ]]} markers (falling back to the JSON adapter when an answer does not
 * parse), {@link dev.dspj.adapter.JsonAdapter} with one JSON object (and a strict JSON schema
 * response format where the model supports it), and {@link dev.dspj.adapter.XmlAdapter} with
 * {@code <field>} tags.
 */
@NullMarked
package dev.dspj.adapter;

import org.jspecify.annotations.NullMarked;
