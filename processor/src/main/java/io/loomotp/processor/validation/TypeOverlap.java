package io.loomotp.processor.validation;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Whether one object could be an instance of two types, neither a subtype of the other: then two handlers chosen by
 * those types ({@code @Info}, {@code @Continue}) have no order that is right for every message. Decided as the Java
 * language decides whether a cast or a type pattern between two types can ever succeed: the types are apart if they
 * are <em>disjoint</em> (JLS 5.1.6.1), which a final class, a record, an enum and a sealed hierarchy of them make
 * them. Two interfaces neither of which is sealed are never disjoint: some class may implement both.
 */
final class TypeOverlap {
    private TypeOverlap() {}

    /** True if an object could be of both (erased) types and neither type is a subtype of the other. */
    static boolean mayOverlap(Types types, TypeMirror a, TypeMirror b) {
        TypeMirror ea = types.erasure(a);
        TypeMirror eb = types.erasure(b);
        if (types.isSubtype(ea, eb) || types.isSubtype(eb, ea)) {
            return false;
        }
        // arrays and primitives (boxed before they come here) have no class element: two of them, or one and a
        // class or interface, are either subtypes or apart
        return types.asElement(ea) instanceof TypeElement ta && types.asElement(eb) instanceof TypeElement tb
                && !disjoint(types, ta, tb);
    }

    /** JLS 5.1.6.1: no class could be a subclass (or implementation) of both. */
    private static boolean disjoint(Types types, TypeElement a, TypeElement b) {
        if (isSubtype(types, a, b) || isSubtype(types, b, a)) {
            return false;
        }
        boolean ia = a.getKind().isInterface();
        boolean ib = b.getKind().isInterface();
        if (!ia && !ib) {
            return true; // two classes, neither a subclass of the other: no class extends both
        }
        if (!ia) {
            return classDisjoint(types, a, b);
        }
        if (!ib) {
            return classDisjoint(types, b, a);
        }
        return sealed(a) && permittedAllDisjoint(types, a, b) || sealed(b) && permittedAllDisjoint(types, b, a);
    }

    /** A class {@code c} (not a subtype of the interface {@code i}) and {@code i}. */
    private static boolean classDisjoint(Types types, TypeElement c, TypeElement i) {
        if (isFinal(c)) {
            return true;
        }
        if (sealed(c)) {
            return permittedAllDisjoint(types, c, i);
        }
        return sealed(i) && permittedAllDisjoint(types, i, c); // c is open: only i's sealing can keep them apart
    }

    /**
     * Every permitted direct subtype of the sealed {@code s} is disjoint from {@code other}. None known (javac's own
     * error, a sealed type without subtypes) proves nothing.
     */
    private static boolean permittedAllDisjoint(Types types, TypeElement s, TypeElement other) {
        List<? extends TypeMirror> permitted = s.getPermittedSubclasses();
        if (permitted.isEmpty()) {
            return false;
        }
        for (TypeMirror p : permitted) {
            if (!(p instanceof DeclaredType d && d.asElement() instanceof TypeElement pe
                    && disjoint(types, pe, other))) {
                return false; // an unresolved permitted subtype could be anything
            }
        }
        return true;
    }

    /**
     * A class no other class extends with more interfaces: final, a record, or an enum (whose constant bodies, the
     * only subclasses it may have, cannot add an interface).
     */
    private static boolean isFinal(TypeElement c) {
        return c.getModifiers().contains(Modifier.FINAL) || c.getKind() == ElementKind.RECORD
                || c.getKind() == ElementKind.ENUM;
    }

    private static boolean sealed(Element e) {
        return e.getModifiers().contains(Modifier.SEALED);
    }

    private static boolean isSubtype(Types types, TypeElement a, TypeElement b) {
        return types.isSubtype(types.erasure(a.asType()), types.erasure(b.asType()));
    }
}
