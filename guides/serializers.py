"""JSON shapes of the guide models for the headless API (Wagtail API v2)."""

from rest_framework import serializers

from guides.models.regions import Region
from guides.models.service_points import ServicePoint
from guides.models.themes import Theme


class DocumentLinkField(serializers.Field):
    """A document as its title and download URL."""

    def to_representation(self, document):
        return {"title": document.title, "url": document.url}


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]


class ServicePointSerializer(serializers.ModelSerializer):
    township = RegionSerializer(read_only=True)
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    url = serializers.CharField(source="get_absolute_url")
    open_now = serializers.BooleanField(source="is_open_now")

    class Meta:
        model = ServicePoint
        fields = [
            "id",
            "name",
            "kind",
            "township",
            "address",
            "latitude",
            "longitude",
            "phone",
            "url",
            "open_now",
        ]
