package dev.dspj.lm.cache;

import dev.dspj.lm.LmResponse;
import java.util.Optional;

/** Memory in front of disk. */
final class LayeredResponseCache implements ResponseCache {

    private final ResponseCache memory;
    private final ResponseCache disk;

    LayeredResponseCache(ResponseCache memory, ResponseCache disk) {
        this.memory = memory;
        this.disk = disk;
    }

    @Override
    public Optional<LmResponse> get(String key) {
        Optional<LmResponse> hit = memory.get(key);
        if (hit.isPresent()) {
            return hit;
        }
        Optional<LmResponse> fromDisk = disk.get(key);
        fromDisk.ifPresent(response -> memory.put(key, response));
        return fromDisk;
    }

    @Override
    public void put(String key, LmResponse response) {
        memory.put(key, response);
        disk.put(key, response);
    }

    @Override
    public void flush() {
        disk.flush();
    }

    @Override
    public void close() {
        memory.close();
        disk.close();
    }
}
