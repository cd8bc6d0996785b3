/**
 * Signatures at run time: {@link dev.dspj.signature.SignatureDescriptor} (instructions and
 * ordered fields) and {@link dev.dspj.signature.TypedSignature}, which generated signature
 * classes implement.
 */
@NullMarked
package dev.dspj.signature;

import org.jspecify.annotations.NullMarked;
