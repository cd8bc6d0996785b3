package dev.dspj.module;

/**
 * A module inside a program, with its path as DSPy's {@code named_sub_modules()} names it:
 * {@code retrieve} for a field, {@code hops[1]} for a list element, {@code inner.retrieve} inside a
 * nested program. Built-in variables find the program's {@link dev.dspj.retrieve.Retrieve} steps
 * this way.
 *
 * @param name the path
 * @param module the module
 */
public record NamedModule(String name, Module module) {}
