from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from core.forms import filter_helper

from .models import Domain, Framework, Item


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label="Catalogue file",
        help_text="Fixture JSON (as exported here) or CSV with the columns framework, domain_code, "
        "domain_title, item_code, item_text, order.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv,application/json,text/csv"}),
    )
    as_new_version = forms.BooleanField(
        required=False,
        label="Import as a new version",
        help_text="Publish the file as the next version of its framework, leaving the current "
        "version (and every evaluation that uses it) as it is.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Preview import"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CATALOGUE_UPLOAD_MAX_BYTES
        # The size is known from the upload's headers: refuse before reading it.
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
            )
        if not upload.name.lower().endswith((".json", ".csv")):
            raise forms.ValidationError("Upload a .json or .csv file.")
        return upload


class ItemSearchForm(forms.Form):
    q = forms.CharField(
        label="Words to find", required=False, max_length=200, widget=forms.SearchInput
    )
    framework = forms.ModelChoiceField(
        queryset=None, label="Catalogue", required=False, empty_label="All catalogues"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Per form, in the request's scope: the shared catalogues and the agency's own.
        self.fields["framework"].queryset = Framework.objects.order_by("name", "-version")
        self.helper = filter_helper(
            "q", "framework", label="Search competencies", submit="Search", search=True
        )


class AlignmentForm(forms.Form):
    target_framework = forms.ModelChoiceField(queryset=None, label="Framework")
    target_code = forms.CharField(
        max_length=30,
        label="Item or domain code",
        help_text="For example III.2 for an item, III for a domain.",
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_framework"].queryset = Framework.objects.order_by("name", "-version")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Add alignment"))

    def clean(self):
        cleaned = super().clean()
        framework, code = (
            cleaned.get("target_framework"),
            (cleaned.get("target_code") or "").strip(),
        )
        if framework and code:
            target = (
                Item.objects.filter(framework=framework, code=code).first()
                or Domain.objects.filter(framework=framework, code=code).first()
            )
            if target is None:
                self.add_error(
                    "target_code", f"{framework} has no item or domain with the code {code}."
                )
            cleaned["target"] = target
        return cleaned
