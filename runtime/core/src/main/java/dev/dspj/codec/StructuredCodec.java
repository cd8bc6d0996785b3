package dev.dspj.codec;

/**
 * Base of codecs whose values are JSON structures (lists, sets, maps, records): a field's text is
 * read as (lenient) JSON, then as a tree.
 *
 * @param <T> the Java type
 */
abstract class StructuredCodec<T> implements ValueCodec<T> {

    @Override
    public T parseText(String text) {
        return fromJson(LenientJson.parse(text));
    }

    @Override
    public String toString() {
        return typeName();
    }
}
