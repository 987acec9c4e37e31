from django.db import models


class MigrationNote(models.Model):
    note = models.TextField()


class Visit(models.Model):
    n = models.BigIntegerField(default=0)
