package dev.dspj.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An API key carried to the executors in a form that never shows it: masked with a random pad (so
 * its serialized bytes do not hold it in clear text), and a {@code toString()} of stars. Not
 * encryption: whoever holds the serialized task can unmask it, as whoever holds the executor's
 * environment can read a key from there. Prefer {@link DspjSpark#apiKeyFromEnv(String)} on a cluster.
 */
final class SealedKey implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] pad;
    private final byte[] masked;
    private final String fingerprint;

    private SealedKey(byte[] pad, byte[] masked, String fingerprint) {
        this.pad = pad;
        this.masked = masked;
        this.fingerprint = fingerprint;
    }

    /**
     * Seals a key.
     *
     * @param key the key
     * @return the sealed key
     */
    static SealedKey of(String key) {
        byte[] clear = key.strip().getBytes(StandardCharsets.UTF_8);
        byte[] pad = new byte[clear.length];
        RANDOM.nextBytes(pad);
        byte[] masked = new byte[clear.length];
        for (int i = 0; i < clear.length; i++) {
            masked[i] = (byte) (clear[i] ^ pad[i]);
        }
        return new SealedKey(pad, masked, fingerprint(clear));
    }

    /** The key itself, only for building the executor's model client. */
    String reveal() {
        byte[] clear = new byte[masked.length];
        for (int i = 0; i < masked.length; i++) {
            clear[i] = (byte) (masked[i] ^ pad[i]);
        }
        return new String(clear, StandardCharsets.UTF_8);
    }

    /**
     * A digest of the key that tells two keys apart without showing either (part of the executor
     * cache's key).
     *
     * @return the first 16 hex digits of the key's SHA-256
     */
    String fingerprint() {
        return fingerprint;
    }

    private static String fingerprint(byte[] clear) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clear);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "****";
    }
}
