package dev.dspj.processor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs DSPJ's processor in a processing environment that hides javac's behind a dynamic proxy, as
 * a compiler without syntax trees would: the processor then cannot read initializers.
 */
final class OpaqueEnvironmentProcessor extends AbstractProcessor {

    private final SignatureProcessor delegate = new SignatureProcessor();

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        delegate.init((ProcessingEnvironment) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ProcessingEnvironment.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(environment, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
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
}
