from rest_framework import viewsets


class TicketViewSet(viewsets.ViewSet):
    pass
