package dev.dspj.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the classes of an in-memory compilation: the compiled test sources and the compiled
 * generated sources. Everything else (the runtime, the JDK) comes from the parent.
 */
final class CompilationClassLoader extends ClassLoader {

    private static final String CLASS_OUTPUT = "CLASS_OUTPUT/";

    private final Map<String, JavaFileObject> classFiles = new HashMap<>();

    CompilationClassLoader(Compilation compilation, ClassLoader parent) {
        super(parent);
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            int start = path.indexOf(CLASS_OUTPUT);
            String relative = start >= 0 ? path.substring(start + CLASS_OUTPUT.length()) : path.replaceFirst("^/", "");
            String binaryName =
                    relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
            classFiles.put(binaryName, file);
        }
        if (classFiles.isEmpty()) {
            throw new IllegalArgumentException("the compilation produced no class files: " + compilation.diagnostics());
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JavaFileObject file = classFiles.get(name);
        if (file == null) {
            throw new ClassNotFoundException(name);
        }
        try (InputStream in = file.openInputStream()) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
