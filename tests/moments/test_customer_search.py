"""The logging page's customer search finds Spanish and Thai names however they are typed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from moments.models import Customer, search_key
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

SEARCH = "/log/customers/"


def found(client, query: str) -> str:
    response = client.get(SEARCH, {"customer_search": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("José Pérez", "jose"),
        ("José Pérez", "José"),
        ("José Pérez", "JOSÉ PÉREZ"),
        ("jose perez", "José"),
        ("Lucía Muñoz", "munoz"),
        ("Lucía Muñoz", "Muñoz"),
        ("Lucía Muñoz", "lucia"),
        ("Begoña Ibáñez", "ibanez"),
        ("Conceição Gonçalves", "goncalves"),
        ("สมชาย ใจดี", "สมชาย"),
        ("สมชาย ใจดี", "ใจดี"),
        # Typed without the tone mark, and the other way round.
        ("ก้อง ภูผา", "กอง"),
        ("กอง ภูผา", "ก้อง"),
        ("สมศักดิ์ รุ่งเรือง", "สมศักดิ"),
        ("สมศักดิ์ รุ่งเรือง", "รุงเรือง"),
        ("น้ำทิพย์ แก้วมณี", "นำทิพย"),
        ("น้ำทิพย์ แก้วมณี", "แกวมณี"),
    ],
)
def test_a_name_is_found_with_or_without_its_marks(as_user, staff_a, name, query):
    CustomerFactory(name=name)
    assert name in found(as_user(staff_a), query)


@pytest.mark.parametrize(("name", "query"), [("José Pérez", "josa"), ("ก้อง ภูผา", "กาง"), ("สมชาย ใจดี", "สมหญิง")])
def test_another_letter_is_no_match(as_user, staff_a, name, query):
    CustomerFactory(name=name)
    assert name not in found(as_user(staff_a), query)


def test_the_search_form_follows_a_renamed_customer(as_user, staff_a):
    customer = CustomerFactory(name="Anna Smith")
    customer.name = "Ánxela Muñiz"
    customer.save(update_fields=["name"])
    assert Customer.objects.get(pk=customer.pk).search_name == "anxela muniz"
    assert "Ánxela Muñiz" in found(as_user(staff_a), "muniz")


def test_search_key_drops_accents_case_and_thai_marks_only():
    assert search_key("  José   MUÑOZ ") == "jose munoz"
    assert search_key("ก้อง") == "กอง"
    assert search_key("สมศักดิ์") == "สมศกด"
    # Leading vowels and consonants stay: only the marks above and below go.
    assert search_key("เก่ง") == "เกง"


def test_a_long_name_that_folds_longer_still_fits_its_column():
    customer = CustomerFactory(name="ß" * 150)
    assert Customer.objects.get(pk=customer.pk).search_name == "s" * 150


def test_the_migration_fills_the_search_form_of_existing_customers():
    # Rows written before the column existed, as bulk_create writes them: without it.
    Customer.objects.bulk_create([Customer(name="Iñaki Núñez"), Customer(name="ก้อง ภูผา")])
    assert set(Customer.objects.values_list("search_name", flat=True)) == {""}
    migration = importlib.import_module("moments.migrations.0009_customer_search_name")
    migration.fill_search_names(django_apps, None)
    assert set(Customer.objects.values_list("search_name", flat=True)) == {"inaki nunez", "กอง ภผา"}
