package io.loomotp.processor.base;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Turns the compiler's types into JavaPoet's, knowing which classes this processor is about to generate.
 *
 * <p>A server often mentions a client the processor has not written yet: its own ({@code RingNodeRef next}) or
 * another's. The compiler sees those names as unresolved (error types) until they exist; this resolver maps each to
 * the class that will be generated, so that the classes that mention them can be generated in the same round. Any
 * other unresolved type is reported as unresolved, after later rounds have had their chance.
 */
public final class TypeResolver {
    private final Map<String, ClassName> pending = new HashMap<>();
    private final Map<String, List<ClassName>> bySimpleName;
    private final String contextPackage;

    /** Classes about to be generated, known by their simple and their qualified names. */
    public TypeResolver(List<ClassName> toBeGenerated) {
        this.bySimpleName = new HashMap<>();
        this.contextPackage = null;
        for (ClassName c : toBeGenerated) {
            pending.put(c.canonicalName(), c);
            bySimpleName.computeIfAbsent(c.simpleName(), k -> new java.util.ArrayList<>()).add(c);
        }
    }

    private TypeResolver(TypeResolver of, String contextPackage) {
        this.pending.putAll(of.pending);
        this.bySimpleName = of.bySimpleName;
        this.contextPackage = contextPackage;
    }

    /**
     * The resolver for the types one class mentions: a simple name that several packages are about to generate
     * ({@code FrequencyRef} in two packages) is taken to be the one of the class's own package, as javac would.
     */
    public TypeResolver in(String packageName) {
        return new TypeResolver(this, packageName);
    }

    private ClassName pending(String name) {
        ClassName qualified = pending.get(name);
        if (qualified != null) {
            return qualified;
        }
        List<ClassName> candidates = bySimpleName.get(name);
        if (candidates == null) {
            return null;
        }
        for (ClassName c : candidates) {
            if (c.packageName().equals(contextPackage)) {
                return c;
            }
        }
        return candidates.get(0);
    }

    /** True if the type, and every type in it, exists or is about to be generated. */
    public boolean isResolvable(TypeMirror t) {
        return switch (t.getKind()) {
            case ERROR -> pending(t.toString()) != null;
            case DECLARED -> ((DeclaredType) t).getTypeArguments().stream().allMatch(this::isResolvable);
            case ARRAY -> isResolvable(((ArrayType) t).getComponentType());
            case WILDCARD -> {
                WildcardType w = (WildcardType) t;
                yield (w.getExtendsBound() == null || isResolvable(w.getExtendsBound()))
                        && (w.getSuperBound() == null || isResolvable(w.getSuperBound()));
            }
            default -> true;
        };
    }

    /** The type as JavaPoet names it; a type about to be generated is named as it will be. */
    public TypeName typeName(TypeMirror t) {
        return switch (t.getKind()) {
            case ERROR -> {
                ClassName c = pending(t.toString());
                if (c == null) {
                    throw new IllegalStateException("unresolved type " + t);
                }
                yield c;
            }
            case DECLARED -> {
                DeclaredType d = (DeclaredType) t;
                if (d.getTypeArguments().isEmpty() || d.getTypeArguments().stream().allMatch(this::isPlain)) {
                    yield TypeName.get(t);
                }
                ClassName raw = ClassName.get((javax.lang.model.element.TypeElement) d.asElement());
                TypeName[] args = d.getTypeArguments().stream().map(this::typeName).toArray(TypeName[]::new);
                yield ParameterizedTypeName.get(raw, args);
            }
            case ARRAY -> ArrayTypeName.of(typeName(((ArrayType) t).getComponentType()));
            case WILDCARD -> {
                WildcardType w = (WildcardType) t;
                if (w.getExtendsBound() != null) {
                    yield WildcardTypeName.subtypeOf(typeName(w.getExtendsBound()));
                }
                if (w.getSuperBound() != null) {
                    yield WildcardTypeName.supertypeOf(typeName(w.getSuperBound()));
                }
                yield WildcardTypeName.subtypeOf(Object.class);
            }
            default -> TypeName.get(t);
        };
    }

    private boolean isPlain(TypeMirror t) {
        return t.getKind() != TypeKind.ERROR && (t.getKind() != TypeKind.DECLARED
                || ((DeclaredType) t).getTypeArguments().stream().allMatch(this::isPlain))
                && (t.getKind() != TypeKind.ARRAY || isPlain(((ArrayType) t).getComponentType()))
                && (t.getKind() != TypeKind.WILDCARD || plainWildcard((WildcardType) t));
    }

    private boolean plainWildcard(WildcardType w) {
        return (w.getExtendsBound() == null || isPlain(w.getExtendsBound()))
                && (w.getSuperBound() == null || isPlain(w.getSuperBound()));
    }
}
