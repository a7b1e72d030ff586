from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from .models import Population, Program, StaffProfile, User
from .roles import Role
from .selectors import supervisors_for_picking


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="Six digits; a new one appears every 30 seconds.",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        # Apps show the code as "123 456"; people type it either way.
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("The code is six digits.")
        return code


class LockoutUnlockForm(forms.Form):
    """A username from an address, or (without a username) an address paused for everyone."""

    username = forms.CharField(max_length=255, required=False)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("username") and not cleaned.get("ip_address"):
            raise forms.ValidationError("Choose a lockout from the list.")
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"


class PersonForm(forms.Form):
    """A person's name, email, roles and staff profile, as a program admin sets them.

    Only roles are offered: never superuser status or a permission one by one."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(help_text="Invitations and notices are sent here.")
    roles = forms.MultipleChoiceField(
        # The role's name as people see it everywhere (TextChoices' labels would read "Hr").
        choices=[(role.value, role.value) for role in Role],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What each role may do is set by PeerWorks, not here.",
    )
    job_title = forms.CharField(max_length=200, required=False)
    # Querysets are set per form: an organisation's programs exist only inside its scope.
    program = forms.ModelChoiceField(queryset=Program.objects.none(), required=False)
    population = forms.ModelChoiceField(
        queryset=Population.objects.all(),
        required=False,
        label="Population served",
        help_text="Each population comes with the lived experience the role requires.",
    )
    employment_type = forms.ChoiceField(choices=StaffProfile.EmploymentType.choices)
    lived_experience = forms.BooleanField(
        required=False,
        label="Has lived experience of recovery",
        help_text="Only as the person chooses to share it.",
    )
    start_date = forms.DateField(required=False, widget=DateInput)
    supervisor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": "Choose a supervisor from the list: people who work here and "
            "have the Supervisor role."
        },
    )

    def __init__(self, *args, person: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.all()
        supervisors = supervisors_for_picking()
        if person is not None:
            supervisors = supervisors.exclude(pk=person.pk)
        self.fields["supervisor"].queryset = supervisors.order_by(
            "last_name", "first_name", "username"
        )


class PersonInviteForm(PersonForm):
    username = forms.CharField(
        max_length=150,
        help_text="What they type to sign in: letters, digits and @ . + - _ only.",
        validators=[UnicodeUsernameValidator()],
    )

    field_order = ["first_name", "last_name", "username", "email"]


class PersonLeaveForm(forms.Form):
    end_date = forms.DateField(
        label="Leaves the agency on",
        widget=DateInput,
        help_text="Their access ends when this day begins.",
    )
