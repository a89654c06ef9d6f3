package io.loomotp.processor.step;

import io.loomotp.processor.base.Messages;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** One processing step per annotation family, as Dagger's processor is organised. */
public interface Step {

    /** The annotations this step handles, by qualified name. */
    Set<String> annotations();

    /** The classes this step will generate in this round (for types that refer to them before they exist). */
    java.util.List<com.palantir.javapoet.ClassName> willGenerate(RoundEnvironment round);

    /** Handles one round; {@code resolver} knows every class every step of the round will generate. */
    void process(RoundEnvironment round, io.loomotp.processor.base.TypeResolver resolver);

    /** After the last round: reports what was put off and never resolved. */
    void finish();

    /** A unit of work on one element that may fail. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Runs work on one element; a failure becomes an error anchored on the element, never an exception. */
    static void guarded(Element element, Messager messager, Work work) {
        try {
            work.run();
        } catch (Throwable t) {
            messager.printMessage(Diagnostic.Kind.ERROR, Messages.internalError(String.valueOf(element), t), element);
        }
    }
}
