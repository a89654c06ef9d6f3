package io.loomotp.processor.base;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * What a validator found about one element: a list of errors, each anchored on the element it is about (and on the
 * annotation, and its value, where there is one), and warnings, which are printed but do not stop generation.
 * Validators fill it; the step prints it and generates only if it has no error.
 */
public final class Diagnostics {
    /** One error, anchored. */
    public record Item(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {}

    private final List<Item> items = new ArrayList<>();
    private final List<Item> warnings = new ArrayList<>();
    private boolean reportedElsewhere;

    public void error(Element element, String message) {
        items.add(new Item(element, null, null, message));
    }

    public void error(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
        items.add(new Item(element, annotation, value, message));
    }

    /** A warning: legal code that almost certainly does not do what its author meant. */
    public void warning(Element element, String message) {
        warnings.add(new Item(element, null, null, message));
    }

    /**
     * Marks the element as wrong without an error of its own: another step reports it (a class with two behaviour
     * annotations is reported once, by the first), and this one must generate nothing either.
     */
    public void reportedElsewhere() {
        reportedElsewhere = true;
    }

    /** True if nothing is wrong: only then may the step generate code. */
    public boolean isClean() {
        return items.isEmpty() && !reportedElsewhere;
    }

    public List<Item> items() {
        return List.copyOf(items);
    }

    /** Prints every error and warning to the messager, anchored. */
    public void printTo(Messager messager) {
        for (Item w : warnings) {
            messager.printMessage(Diagnostic.Kind.WARNING, w.message(), w.element());
        }
        for (Item i : items) {
            if (i.annotation() != null && i.value() != null) {
                messager.printMessage(Diagnostic.Kind.ERROR, i.message(), i.element(), i.annotation(), i.value());
            } else if (i.annotation() != null) {
                messager.printMessage(Diagnostic.Kind.ERROR, i.message(), i.element(), i.annotation());
            } else {
                messager.printMessage(Diagnostic.Kind.ERROR, i.message(), i.element());
            }
        }
    }
}
