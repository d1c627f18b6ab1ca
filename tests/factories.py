from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Department, User
from moments.models import Channel, Contact, ContactPoint, Customer, Rating


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    display_name = factory.LazyAttribute(lambda u: f"{u.first_name} {u.last_name}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.STAFF
    department = factory.SubFactory(DepartmentFactory)
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def managed_departments(self, create: bool, extracted: list[Department] | None, **kwargs: object) -> None:
        if create and extracted:
            self.managed_departments.set(extracted)
        if create:
            self.save()


class ManagerFactory(UserFactory):
    role = User.Role.MANAGER


class AdminFactory(UserFactory):
    role = User.Role.ADMIN
    department = None
    is_staff = True
    is_superuser = True


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Channel {n}")


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    name = factory.Sequence(lambda n: f"Contact point {n}")
    channel = factory.SubFactory(ChannelFactory)
    department = factory.SubFactory(DepartmentFactory)
    purpose = "Help the customer with their request."
    service_standard = "Greet the customer by name\nConfirm the request\nAgree on the next step"
    target_csat = 80


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Faker("name")
    kind = Customer.Kind.CURRENT
    email = factory.Faker("email")


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact with its snapshots filled in as the logging service would."""

    class Meta:
        model = Contact

    contact_point = factory.SubFactory(ContactPointFactory)
    representative = factory.SubFactory(UserFactory)
    customer = factory.SubFactory(CustomerFactory)
    channel = factory.LazyAttribute(lambda c: c.contact_point.channel)
    department = factory.LazyAttribute(lambda c: c.representative.department)
    customer_kind = factory.LazyAttribute(lambda c: c.customer.kind)
    occurred_at = factory.LazyFunction(timezone.now)
    duration_minutes = 10
    outcome = Contact.Outcome.RESOLVED
    logged_by = factory.LazyAttribute(lambda c: c.representative)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    contact = factory.SubFactory(ContactFactory)
    score = 4
    source = Rating.Source.STAFF


class SurveyInvitationFactory(factory.django.DjangoModelFactory):
    """A link invitation, shown to the customer just now and valid for the usual week."""

    class Meta:
        model = "surveys.SurveyInvitation"

    contact = factory.SubFactory(ContactFactory)
    method = "link"
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda i: i.created_at + timedelta(days=7))
    sent_at = factory.LazyAttribute(lambda i: i.created_at if i.method != "email" else None)
