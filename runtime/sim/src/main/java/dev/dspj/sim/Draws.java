package dev.dspj.sim;

import dev.dspj.lm.ChatMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Uniform draws from SHA-256: the same key always gives the same number, different keys independent ones. */
final class Draws {

    private Draws() {}

    /** A uniform number in [0, 1) from the parts of a key. */
    static double uniform(Object... keyParts) {
        byte[] digest = sha256(key(keyParts).getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** An index in [0, bound) from the parts of a key. */
    static int index(int bound, Object... keyParts) {
        return (int) Math.floor(uniform(keyParts) * bound);
    }

    /** SHA-256 of a prompt's roles and texts, in hex. */
    static String promptDigest(List<ChatMessage> messages) {
        MessageDigest digest = digest();
        for (ChatMessage message : messages) {
            digest.update(message.role().wireName().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(message.content().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return hex(digest.digest());
    }

    static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }

    private static String key(Object... parts) {
        StringBuilder key = new StringBuilder("dspj-sim");
        for (Object part : parts) {
            String text = String.valueOf(part);
            // length-prefixed, so no two different part lists give the same key
            key.append('|').append(text.length()).append(':').append(text);
        }
        return key.toString();
    }
}
