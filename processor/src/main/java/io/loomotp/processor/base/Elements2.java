package io.loomotp.processor.base;

import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/** Questions the validators and model factories ask of the compiler's elements, in one place. */
public final class Elements2 {
    private final Types types;
    private final javax.lang.model.util.Elements elementUtils;
    private final TypeMirror runtimeException;
    private final TypeMirror error;

    public Elements2(ProcessingEnvironment env) {
        this.types = env.getTypeUtils();
        this.elementUtils = env.getElementUtils();
        this.runtimeException = env.getElementUtils().getTypeElement("java.lang.RuntimeException").asType();
        this.error = env.getElementUtils().getTypeElement("java.lang.Error").asType();
    }

    /**
     * The description of an element's Javadoc, without its block tags ({@code @param}, {@code @return}, ...), for the
     * generated client to carry; null if it has none (or the compiler kept no comments).
     */
    public String docDescription(Element e) {
        String doc = elementUtils.getDocComment(e);
        if (doc == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String line : doc.strip().split("\\R")) {
            String l = line.strip();
            if (l.startsWith("@")) {
                break;
            }
            b.append(l).append('\n');
        }
        String text = b.toString().strip();
        return text.isEmpty() ? null : text;
    }

    /** True for a checked exception type. */
    public boolean isChecked(TypeMirror thrown) {
        return !types.isSubtype(thrown, runtimeException) && !types.isSubtype(thrown, error);
    }

    public Types types() {
        return types;
    }

    /**
     * The method of {@code java.lang.Object} named {@code name} whose parameter types are, erased, those of {@code
     * params}; null if Object has none: a method so named and typed overrides it, or clashes with it if it is final.
     */
    public ExecutableElement objectMethod(String name, List<? extends TypeMirror> params) {
        TypeElement object = elementUtils.getTypeElement("java.lang.Object");
        for (Element e : object.getEnclosedElements()) {
            if (e instanceof ExecutableElement m && e.getKind() == javax.lang.model.element.ElementKind.METHOD
                    && m.getSimpleName().contentEquals(name) && sameErasures(m.getParameters(), params)) {
                return m;
            }
        }
        return null;
    }

    private boolean sameErasures(List<? extends VariableElement> declared, List<? extends TypeMirror> params) {
        if (declared.size() != params.size()) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            if (!types.isSameType(types.erasure(declared.get(i).asType()), types.erasure(params.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** The mirror of an annotation of the given type on an element, if present. */
    public static Optional<AnnotationMirror> annotation(Element e, String annotationType) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            TypeElement t = (TypeElement) m.getAnnotationType().asElement();
            if (t.getQualifiedName().contentEquals(annotationType)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The explicitly written value of an annotation member, if any. */
    public static Optional<AnnotationValue> value(AnnotationMirror m, String member) {
        return m.getElementValues().entrySet().stream()
                .filter(en -> en.getKey().getSimpleName().contentEquals(member))
                .map(e -> (AnnotationValue) e.getValue())
                .findFirst();
    }

    /** The qualified name of a type's erasure, or its text for a primitive. */
    public String erasedName(TypeMirror t) {
        TypeMirror e = types.erasure(t);
        if (e.getKind() == TypeKind.DECLARED) {
            return ((TypeElement) ((DeclaredType) e).asElement()).getQualifiedName().toString();
        }
        return e.toString();
    }

    public boolean isFrom(TypeMirror t) {
        return erasedName(t).equals(RuntimeNames.FROM_NAME);
    }

    public boolean isReplyTo(TypeMirror t) {
        return erasedName(t).equals(RuntimeNames.REPLY_TO_NAME);
    }

    /** True for a parameter the runtime supplies rather than the message: {@code From} or {@code ReplyTo}. */
    public boolean isCallerParam(VariableElement p) {
        return isFrom(p.asType()) || isReplyTo(p.asType());
    }

    /** The {@code T} of a {@code ReplyTo<T>}, or null for a raw {@code ReplyTo}. */
    public TypeMirror replyToArgument(TypeMirror replyTo) {
        List<? extends TypeMirror> args = ((DeclaredType) replyTo).getTypeArguments();
        if (args.isEmpty()) {
            return null;
        }
        TypeMirror a = args.get(0);
        if (a instanceof WildcardType w) {
            return w.getExtendsBound() != null ? w.getExtendsBound() : null;
        }
        return a;
    }

    /** True for a generic type used without type arguments. */
    public static boolean isRaw(TypeMirror t) {
        return t.getKind() == TypeKind.DECLARED && ((DeclaredType) t).getTypeArguments().isEmpty()
                && !((TypeElement) ((DeclaredType) t).asElement()).getTypeParameters().isEmpty();
    }

    /** True if a declared type carries type arguments other than unbounded wildcards. */
    public static boolean hasConcreteTypeArguments(TypeMirror t) {
        if (t.getKind() != TypeKind.DECLARED) {
            return false;
        }
        for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
            if (!(a instanceof WildcardType w) || w.getExtendsBound() != null || w.getSuperBound() != null) {
                return true;
            }
        }
        return false;
    }

    /** The first type in a method's signature the compiler could not resolve, or null. */
    public static TypeMirror firstUnresolved(ExecutableElement m) {
        if (m.getReturnType().getKind() == TypeKind.ERROR) {
            return m.getReturnType();
        }
        for (VariableElement p : m.getParameters()) {
            if (p.asType().getKind() == TypeKind.ERROR) {
                return p.asType();
            }
        }
        return null;
    }

    /** {@code name(T1, T2)}: how diagnostics name a method. */
    public static String signature(ExecutableElement m) {
        StringBuilder b = new StringBuilder(m.getSimpleName()).append('(');
        List<? extends VariableElement> ps = m.getParameters();
        for (int i = 0; i < ps.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(simpleTypeName(ps.get(i).asType()));
        }
        return b.append(')').toString();
    }

    /** A type as a person writes it: simple names, with type arguments. */
    public static String simpleTypeName(TypeMirror t) {
        if (t.getKind() == TypeKind.DECLARED) {
            DeclaredType d = (DeclaredType) t;
            StringBuilder b = new StringBuilder(d.asElement().getSimpleName());
            if (!d.getTypeArguments().isEmpty()) {
                b.append('<');
                for (int i = 0; i < d.getTypeArguments().size(); i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    b.append(simpleTypeName(d.getTypeArguments().get(i)));
                }
                b.append('>');
            }
            return b.toString();
        }
        return t.toString();
    }
}
