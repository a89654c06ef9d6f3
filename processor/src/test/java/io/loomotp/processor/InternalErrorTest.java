package io.loomotp.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.loomotp.processor.step.Step;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** An internal failure is reported as an error on the element, never thrown at javac (AutoValue's rule). */
class InternalErrorTest {

    @Test
    void guarded_turnsAFailureIntoAnError() {
        List<String> errors = new ArrayList<>();
        Messager messager = new Messager() {
            @Override
            public void printMessage(Diagnostic.Kind kind, CharSequence msg) {
                errors.add(kind + " " + msg);
            }

            @Override
            public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e) {
                errors.add(kind + " " + msg);
            }

            @Override
            public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e, AnnotationMirror a) {
                errors.add(kind + " " + msg);
            }

            @Override
            public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e, AnnotationMirror a,
                                     AnnotationValue v) {
                errors.add(kind + " " + msg);
            }
        };
        assertThatCode(() -> Step.guarded(null, messager, () -> {
            throw new IllegalStateException("boom");
        })).doesNotThrowAnyException();
        assertThat(errors).singleElement().asString()
                .startsWith("ERROR [Otp/Internal] the Loom OTP processor failed on 'null': "
                        + "java.lang.IllegalStateException: boom")
                // the stack trace, down to the frame that threw: what a bug report needs
                .contains("\n\tat io.loomotp.processor.InternalErrorTest.");
    }
}
