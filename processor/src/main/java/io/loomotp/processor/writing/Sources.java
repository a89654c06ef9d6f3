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
