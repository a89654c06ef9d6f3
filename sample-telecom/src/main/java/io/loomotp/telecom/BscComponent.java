package io.loomotp.telecom;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;

/** The Dagger component that builds the whole tree. */
@Singleton
@Component(modules = BscModule.class)
public interface BscComponent {
    BscSupervisor bsc();

    HlrHolder hlr();

    BscConfig config();

    CallAdmission admission();

    @Component.Factory
    interface Factory {
        BscComponent create(@BindsInstance BscConfig config, @BindsInstance CallAdmission admission);
    }

    static BscComponent of(BscConfig config, CallAdmission admission) {
        return DaggerBscComponent.factory().create(config, admission);
    }
}
