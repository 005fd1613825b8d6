package papers.paper;

import java.util.Optional;

/** Named facts about the store itself (table {@code app_state}), read and written whole. */
public final class AppState {

    private final Database database;

    public AppState(Database database) {
        this.database = database;
    }

    public Optional<String> get(String name) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT value FROM app_state WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    public void put(String name, String value) {
        database.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM app_state WHERE name = :name").bind("name", name).execute();
            h.createUpdate("INSERT INTO app_state (name, value) VALUES (:name, :value)")
                    .bind("name", name).bind("value", value).execute();
        });
    }
}
