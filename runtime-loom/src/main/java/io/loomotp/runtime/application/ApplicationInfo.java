package io.loomotp.runtime.application;

import java.util.Objects;

/**
 * An application as {@code application:which_applications/0} and {@code loaded_applications/0} describe it: OTP's
 * {@code {Name, Description, Vsn}}. The description and version are the application's own
 * ({@link Application#description()}, {@link Application#version()}); empty where it gives none, as OTP's {@code .app}
 * file defaults them to {@code ""}.
 *
 * @param name the application's name
 * @param description what it is, in a line; empty if it gives none
 * @param version its version; empty if it gives none
 */
public record ApplicationInfo(String name, String description, String version) {
    public ApplicationInfo {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        version = version == null ? "" : version;
    }

    /** What {@code app} says of itself. */
    static ApplicationInfo of(String name, Application app) {
        return app == null ? new ApplicationInfo(name, "", "")
                : new ApplicationInfo(name, app.description(), app.version());
    }
}
