package tutorial;

import dagger.Component;

@Component(modules = ShopModule.class)
public interface ShopComponent {
    ShopSupervisor shop();
}
