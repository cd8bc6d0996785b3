/** Data points: {@link dev.dspj.data.Example}, the untyped record of field values used for datasets and demos. */
package dev.dspj.data;
