import factory
from factory.django import DjangoModelFactory

from organisations.defaults import DEFAULT_SLUG
from organisations.models import Network, Organisation
from people.models import Program, StaffProfile, User
from people.services import person_set_roles

PASSWORD = "a-long-test-password"

# Every record a test makes belongs to this organisation unless the test says otherwise,
# so tests written before organisations keep their meaning.
# It is the default organisation, as in a deployment that had one agency before
# organisations existed (organisations.defaults).
TEST_ORGANISATION_SLUG = DEFAULT_SLUG


def test_organisation() -> Organisation:
    """The one shared test organisation (made on first use in each test database)."""
    return Organisation.objects.get_or_create(
        slug=TEST_ORGANISATION_SLUG, defaults={"name": "Test Peer Services"}
    )[0]


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"network-{n}")
    name = factory.Sequence(lambda n: f"County network {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"Program {n}")
    organisation = factory.LazyFunction(test_organisation)


def _name_tag(n: int) -> str:
    """Four letters unique to the ``n``th person ("Baaa", "Caaa", …)."""
    letters = []
    for _ in range(4):
        n, digit = divmod(n, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(letters).capitalize()


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        surname = factory.Faker("last_name")

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    # Faker repeats common surnames, so a test's "this person's name is not on the page"
    # would fail whenever the viewer happened to share it; the tag makes each one unique.
    last_name = factory.LazyAttributeSequence(lambda o, n: f"{o.surname}-{_name_tag(n)}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    organisation = factory.LazyFunction(test_organisation)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        if extracted:
            person_set_roles(user=self, roles=extracted)


class StaffProfileFactory(DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    job_title = "Peer Support Specialist"
    program = factory.SubFactory(
        ProgramFactory, organisation=factory.SelfAttribute("..user.organisation")
    )
