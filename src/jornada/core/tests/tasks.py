from django_tasks import task


@task()
def remember(word: str) -> str:
    return f"remembered {word}"
