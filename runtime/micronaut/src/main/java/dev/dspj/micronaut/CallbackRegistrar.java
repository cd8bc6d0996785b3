package dev.dspj.micronaut;

import dev.dspj.observe.Callback;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.Registration;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.List;

/**
 * Registers every {@link Callback} bean (the application's and the Micrometer ones) for the whole
 * process at start-up ({@link Callbacks#register}), and removes them when the context closes.
 */
@Context
public class CallbackRegistrar {

    private volatile List<Registration> registrations;

    /**
     * Registers the callback beans.
     *
     * @param beans the context
     */
    public CallbackRegistrar(BeanContext beans) {
        this.registrations = beans.getBeansOfType(Callback.class).stream()
                .map(Callbacks::register)
                .toList();
    }

    /**
     * How many callbacks are registered.
     *
     * @return the count
     */
    public int size() {
        return registrations.size();
    }

    /** Removes the callbacks. */
    @PreDestroy
    public void close() {
        registrations.forEach(Registration::close);
        registrations = List.of();
    }
}
