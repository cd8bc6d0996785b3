/**
 * Data: {@link dev.dspj.primitives.Example}, the untyped record of field values used for datasets and
 * demos; {@link dev.dspj.data.Dataset}, an immutable list of examples with seeded shuffles and
 * splits; {@link dev.dspj.data.Datasets}, which loads JSONL and CSV files, reporting every bad row
 * with its file and line.
 */
@NullMarked
package dev.dspj.data;

import org.jspecify.annotations.NullMarked;
