package dev.dspj.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Runs DSPJ's processor and records the names of the files it creates, which a failed
 * compilation does not expose; for checking that nothing is generated for an invalid signature.
 * The processor sees a wrapped environment, as under Gradle's incremental processing (a class
 * holding javac's environment in a {@code delegate} field), so these tests also show that it
 * still reaches javac's syntax trees there.
 */
final class RecordingProcessor implements Processor {

    private final Processor delegate = new SignatureProcessor();
    private final List<String> created = new ArrayList<>();
    private final Map<String, List<String>> origins = new java.util.LinkedHashMap<>();

    /**
     * The names of the files the processor created, in order.
     *
     * @return the names
     */
    List<String> created() {
        return created;
    }

    /**
     * The originating elements of each source file created, by file name, as qualified names.
     *
     * @return file name to originating types
     */
    Map<String, List<String>> origins() {
        return origins;
    }

    @Override
    public void init(ProcessingEnvironment environment) {
        Filer filer = environment.getFiler();
        Filer recording = proxy(Filer.class, (proxy, method, args) -> {
            if (method.getName().equals("createSourceFile")
                    && args.length > 1
                    && args[1] instanceof Element[] elements) {
                origins.put(
                        String.valueOf(args[0]),
                        java.util.Arrays.stream(elements)
                                .map(e -> ((TypeElement) e).getQualifiedName().toString())
                                .toList());
            }
            if (method.getName().startsWith("create") && args != null && args.length > 0) {
                created.add(String.valueOf(args[0])
                        + (args.length > 1 && args[1] instanceof CharSequence name ? "/" + name : ""));
            }
            return call(method, filer, args);
        });
        delegate.init(new WrappedEnvironment(environment, recording));
    }

    private static Object call(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(
                Proxy.newProxyInstance(RecordingProcessor.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public Set<String> getSupportedOptions() {
        return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    @SuppressWarnings("DoNotClaimAnnotations") // a wrapper: it answers exactly what the wrapped processor answers
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
            Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
        return delegate.getCompletions(element, annotation, member, userText);
    }

    /** A processing environment that hands out the recording filer; the rest is javac's. */
    private static final class WrappedEnvironment implements ProcessingEnvironment {

        private final ProcessingEnvironment delegate;
        private final Filer filer;

        WrappedEnvironment(ProcessingEnvironment delegate, Filer filer) {
            this.delegate = delegate;
            this.filer = filer;
        }

        @Override
        public Map<String, String> getOptions() {
            return delegate.getOptions();
        }

        @Override
        public Messager getMessager() {
            return delegate.getMessager();
        }

        @Override
        public Filer getFiler() {
            return filer;
        }

        @Override
        public Elements getElementUtils() {
            return delegate.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return delegate.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return delegate.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return delegate.getLocale();
        }
    }
}
