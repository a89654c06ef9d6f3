package io.loomotp.processor.validation;

import static io.loomotp.processor.base.Elements2.signature;

import io.loomotp.processor.base.Behaviour;
import io.loomotp.processor.base.Diagnostics;
import io.loomotp.processor.base.Messages;
import io.loomotp.processor.base.Role;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * The rule that every type the generated code names can be named from the behaviour's package: the generated client
 * and dispatch live there, outside the user's class, so a private nested type (or a type of another package that is
 * not public) in a handler's signature, a reply, or a field the sys snapshot reads is an error on that element, not a
 * compile error inside a generated file.
 */
final class Reachability {
    private Reachability() {}

    /** Checks the handlers of behaviour {@code b} and the instance fields of {@code type}. */
    static void check(TypeElement type, Behaviour b, Types types, Diagnostics d) {
        String pkg = packageOf(type);
        for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (Role.on(m, b).isEmpty()) {
                continue;
            }
            boolean reported = false;
            for (VariableElement p : m.getParameters()) {
                reported = reported || report(p.asType(), pkg, p, "parameter '" + p.getSimpleName() + "' of '"
                        + signature(m) + "'", d);
            }
            if (!reported) {
                report(m.getReturnType(), pkg, m, "the result of '" + signature(m) + "'", d);
            }
        }
        for (VariableElement f : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            // a private field is read through a VarHandle whose type comes from reflection, so its type is not named
            if (!f.getModifiers().contains(Modifier.STATIC) && !f.getModifiers().contains(Modifier.PRIVATE)) {
                // the snapshot names the field's class (a VarHandle's type), not its type arguments
                report(types.erasure(f.asType()), pkg, f, "field '" + f.getSimpleName() + "', which the sys "
                        + "snapshot reads,", d);
            }
        }
    }

    /** Checks one type (a state type, say) named in the generated code; true if it reported. */
    static boolean report(TypeMirror t, String pkg, Element anchor, String where, Diagnostics d) {
        TypeElement bad = firstUnreachable(t, pkg);
        if (bad == null) {
            return false;
        }
        String name = bad.getSimpleName().toString();
        if (bad.getModifiers().contains(Modifier.PRIVATE)) {
            d.error(anchor, Messages.unreachableType(name, where, "private", "make '" + name
                    + "' package-private or public"));
        } else if (bad.getNestingKind() == NestingKind.LOCAL || bad.getNestingKind() == NestingKind.ANONYMOUS) {
            d.error(anchor, Messages.unreachableType(name, where, "a local class", "declare '" + name
                    + "' as a member of a class, or at the top level"));
        } else {
            d.error(anchor, Messages.unreachableType(name, where, "not public in package '" + packageOf(bad) + "'",
                    "make '" + name + "' public"));
        }
        return true;
    }

    /** The first class in {@code t} (itself, an enclosing class, a type argument) that {@code pkg} cannot name. */
    private static TypeElement firstUnreachable(TypeMirror t, String pkg) {
        switch (t) {
            case ArrayType a -> {
                return firstUnreachable(a.getComponentType(), pkg);
            }
            case WildcardType w -> {
                TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
                return bound == null ? null : firstUnreachable(bound, pkg);
            }
            case DeclaredType dt -> {
                for (Element e = dt.asElement(); e instanceof TypeElement te; e = te.getEnclosingElement()) {
                    if (!canName(te, pkg)) {
                        return te;
                    }
                }
                for (TypeMirror arg : dt.getTypeArguments()) {
                    TypeElement bad = firstUnreachable(arg, pkg);
                    if (bad != null) {
                        return bad;
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean canName(TypeElement te, String pkg) {
        if (te.getModifiers().contains(Modifier.PRIVATE)) {
            return false;
        }
        if (te.getNestingKind() == NestingKind.LOCAL || te.getNestingKind() == NestingKind.ANONYMOUS) {
            return false;
        }
        return packageOf(te).equals(pkg) || te.getModifiers().contains(Modifier.PUBLIC);
    }

    static String packageOf(Element e) {
        while (!(e instanceof PackageElement p)) {
            e = e.getEnclosingElement();
        }
        return p.getQualifiedName().toString();
    }
}
