import unicodedata

from django.db import migrations, models

BATCH_SIZE = 2000


def _search_key(text: str) -> str:
    # moments.models.search_key as it stood when this migration was written:
    # a migration must not change with the code.
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(char for char in decomposed if unicodedata.category(char) != "Mn").casefold().split())


def fill_search_names(apps, schema_editor):
    Customer = apps.get_model("moments", "Customer")
    batch = []
    for customer in Customer.objects.only("pk", "name").iterator(chunk_size=BATCH_SIZE):
        customer.search_name = _search_key(customer.name)[:150]
        batch.append(customer)
        if len(batch) >= BATCH_SIZE:
            Customer.objects.bulk_update(batch, ["search_name"])
            batch = []
    if batch:
        Customer.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("moments", "0008_verbose_names_for_translation"),
    ]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="search_name",
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
