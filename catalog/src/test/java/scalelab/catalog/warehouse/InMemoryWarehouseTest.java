package scalelab.catalog.warehouse;

/** The warehouse contract on {@link InMemoryWarehouse}. */
class InMemoryWarehouseTest extends WarehouseContract {
    @Override
    Warehouse newSeededWarehouse() {
        return InMemoryWarehouse.seeded();
    }
}
