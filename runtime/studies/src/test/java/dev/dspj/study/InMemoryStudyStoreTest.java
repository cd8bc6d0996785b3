package dev.dspj.study;

import java.time.Clock;

/** The study-store contract on {@link StudyStore#inMemory()}. */
class InMemoryStudyStoreTest extends StudyStoreContract {

    private InMemoryStudyStore store;

    @Override
    StudyStore openStore(Clock clock) {
        if (store == null) {
            store = new InMemoryStudyStore(clock);
        }
        return store;
    }
}
