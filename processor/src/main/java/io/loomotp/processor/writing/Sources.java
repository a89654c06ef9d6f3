package io.loomotp.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import io.loomotp.processor.base.GeneratedNames;
import java.io.IOException;
import javax.annotation.processing.Filer;

/** How every generated file is written: same package as its source, four-space indent, java.lang not imported. */
public final class Sources {
    private Sources() {}

    static AnnotationSpec generated() {
        return AnnotationSpec.builder(ClassName.get("io.loomotp", "Generated"))
                .addMember("value", "$S", GeneratedNames.GENERATOR)
                .build();
    }

    /**
     * On every generated type: the generated code mirrors the user's handlers, so it meets what their own code
     * suppresses (a deprecated handler, a generic varargs or raw parameter), which the user cannot suppress in code
     * they do not write; a build with {@code -Xlint:all -Werror} must pass on generated code as it does on theirs.
     */
    static AnnotationSpec suppressions() {
        return AnnotationSpec.builder(SuppressWarnings.class)
                .addMember("value", "{$S, $S, $S, $S}", "deprecation", "removal", "rawtypes", "unchecked")
                .build();
    }

    public static JavaFile file(String packageName, TypeSpec type) {
        return JavaFile.builder(packageName, type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    public static void write(String packageName, TypeSpec type, Filer filer) throws IOException {
        file(packageName, type).writeTo(filer);
    }
}
